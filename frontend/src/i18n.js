// A small i18n layer: Korean by default, English as a toggle.
// Add keys to both dictionaries; a missing English key falls back to Korean.
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError } from './api.js';

export const LANG_KEY = 'interview.lang';
export const DEFAULT_LANG = 'ko';

export const messages = {
  ko: {
    'app.title': 'AI 면접',
    'app.tagline': 'AI 면접 플랫폼',
    'nav.logout': '로그아웃',
    'nav.langToggle': 'English',
    'nav.langToggleLabel': 'Switch to English',
    'nav.userGreeting': '{name} 님',
    'common.loading': '불러오는 중…',
    'common.required': '필수',

    'login.title': '로그인',
    'login.subtitle': '계정으로 로그인하고 AI 면접을 시작하세요.',
    'login.username': '아이디',
    'login.password': '비밀번호',
    'login.submit': '로그인',
    'login.submitting': '로그인 중…',
    'login.noAccount': '계정이 없으신가요?',
    'login.toRegister': '회원가입',
    'login.registered': '회원가입이 완료되었습니다. 로그인해 주세요.',
    'login.expired': '로그인이 만료되었습니다. 다시 로그인해 주세요.',

    'register.title': '회원가입',
    'register.subtitle': '몇 가지 정보만 입력하면 바로 면접을 볼 수 있어요.',
    'register.username': '아이디',
    'register.usernameHint': '3–32자, 영문·숫자·마침표(.)·밑줄(_)·하이픈(-)',
    'register.fullName': '이름',
    'register.password': '비밀번호',
    'register.passwordHint': '8–24자',
    'register.submit': '가입하기',
    'register.submitting': '가입 중…',
    'register.haveAccount': '이미 계정이 있으신가요?',
    'register.toLogin': '로그인',

    'validation.usernameRequired': '아이디를 입력해 주세요.',
    'validation.usernameFormat': '아이디는 3–32자의 영문, 숫자, 마침표(.), 밑줄(_), 하이픈(-)만 사용할 수 있습니다.',
    'validation.passwordRequired': '비밀번호를 입력해 주세요.',
    'validation.passwordLength': '비밀번호는 8자 이상 24자 이하여야 합니다.',
    'validation.fullNameRequired': '이름을 입력해 주세요.',
    'validation.nameRequired': '이름을 입력해 주세요.',
    'validation.positionRequired': '지원 직무를 입력해 주세요.',

    'start.title': '면접 시작',
    'start.subtitle': '이름과 지원 직무를 입력하면 AI 면접 세션이 만들어집니다.',
    'start.name': '이름',
    'start.position': '지원 직무',
    'start.positionPlaceholder': '예: 백엔드 개발자',
    'start.submit': '면접 시작하기',
    'start.submitting': '세션을 만드는 중…',
    'start.tip': '면접은 한국어로 진행되며, 질문은 이전 답변을 바탕으로 하나씩 이어집니다.',

    'sessions.title': '내 면접 기록',
    'sessions.empty': '아직 면접 기록이 없습니다. 첫 면접을 시작해 보세요.',
    'sessions.refresh': '새로고침',
    'sessions.loading': '면접 기록을 불러오는 중…',
    'sessions.item': '#{id} · {position}',

    'ready.title': '면접 세션이 준비되었습니다',
    'ready.subtitle': '아래 세션으로 면접이 진행됩니다.',
    'ready.id': '세션 ID',
    'ready.status': '상태',
    'ready.name': '이름',
    'ready.position': '지원 직무',
    'ready.createdAt': '생성 시각',
    'ready.next': '면접실은 다음 단계에서 열립니다. 조용한 곳에서 카메라와 마이크를 준비해 주세요.',
    'ready.back': '면접 시작 화면으로',
    'ready.loading': '세션 정보를 불러오는 중…',

    'status.created': '생성됨',
    'status.pending': '대기 중',
    'status.ready': '준비됨',
    'status.in_progress': '진행 중',
    'status.active': '진행 중',
    'status.completed': '완료',
    'status.finished': '완료',
    'status.failed': '실패',
    'status.cancelled': '취소됨',

    'notFound.title': '페이지를 찾을 수 없습니다',
    'notFound.back': '처음으로',

    'errors.network': '서버에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.',
    'errors.rateLimited': '요청이 너무 많습니다. {seconds}초 후에 다시 시도해 주세요.',
    'errors.rateLimitedNoWait': '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.',
    'errors.unexpected': '예상하지 못한 오류가 발생했습니다. (HTTP {status})',
    'errors.unknown': '예상하지 못한 오류가 발생했습니다.',
  },
  en: {
    'app.title': 'AI Interview',
    'app.tagline': 'AI interview platform',
    'nav.logout': 'Log out',
    'nav.langToggle': '한국어',
    'nav.langToggleLabel': '한국어로 보기',
    'nav.userGreeting': '{name}',
    'common.loading': 'Loading…',
    'common.required': 'required',

    'login.title': 'Log in',
    'login.subtitle': 'Log in to start your AI interview.',
    'login.username': 'Username',
    'login.password': 'Password',
    'login.submit': 'Log in',
    'login.submitting': 'Logging in…',
    'login.noAccount': "Don't have an account?",
    'login.toRegister': 'Sign up',
    'login.registered': 'Your account was created. Please log in.',
    'login.expired': 'Your login expired. Please log in again.',

    'register.title': 'Sign up',
    'register.subtitle': 'A few details and you are ready for your interview.',
    'register.username': 'Username',
    'register.usernameHint': '3–32 characters: letters, digits, dot, underscore, hyphen',
    'register.fullName': 'Full name',
    'register.password': 'Password',
    'register.passwordHint': '8–24 characters',
    'register.submit': 'Sign up',
    'register.submitting': 'Signing up…',
    'register.haveAccount': 'Already have an account?',
    'register.toLogin': 'Log in',

    'validation.usernameRequired': 'Please enter a username.',
    'validation.usernameFormat': 'Usernames are 3–32 letters, digits, dots, underscores or hyphens.',
    'validation.passwordRequired': 'Please enter a password.',
    'validation.passwordLength': 'Passwords must be 8 to 24 characters long.',
    'validation.fullNameRequired': 'Please enter your name.',
    'validation.nameRequired': 'Please enter your name.',
    'validation.positionRequired': 'Please enter the position you apply for.',

    'start.title': 'Start an interview',
    'start.subtitle': 'Enter your name and the position you apply for to create an AI interview session.',
    'start.name': 'Name',
    'start.position': 'Position',
    'start.positionPlaceholder': 'e.g. Backend developer',
    'start.submit': 'Start interview',
    'start.submitting': 'Creating the session…',
    'start.tip': 'The interview is held in Korean; each question builds on your previous answers.',

    'sessions.title': 'My sessions',
    'sessions.empty': 'No interviews yet. Start your first one.',
    'sessions.refresh': 'Refresh',
    'sessions.loading': 'Loading your sessions…',
    'sessions.item': '#{id} · {position}',

    'ready.title': 'Your interview session is ready',
    'ready.subtitle': 'Your interview will run in this session.',
    'ready.id': 'Session ID',
    'ready.status': 'Status',
    'ready.name': 'Name',
    'ready.position': 'Position',
    'ready.createdAt': 'Created',
    'ready.next': 'The interview room comes next. Find a quiet place and get your camera and microphone ready.',
    'ready.back': 'Back to start',
    'ready.loading': 'Loading the session…',

    'status.created': 'Created',
    'status.pending': 'Pending',
    'status.ready': 'Ready',
    'status.in_progress': 'In progress',
    'status.active': 'In progress',
    'status.completed': 'Completed',
    'status.finished': 'Completed',
    'status.failed': 'Failed',
    'status.cancelled': 'Cancelled',

    'notFound.title': 'Page not found',
    'notFound.back': 'Go home',

    'errors.network': 'Cannot reach the server. Please try again shortly.',
    'errors.rateLimited': 'Too many requests. Please try again in {seconds} s.',
    'errors.rateLimitedNoWait': 'Too many requests. Please try again shortly.',
    'errors.unexpected': 'Something went wrong. (HTTP {status})',
    'errors.unknown': 'Something went wrong.',
  },
};

export const LANGS = Object.keys(messages);

/** Translate `key` for `lang`, filling `{name}` placeholders from `vars`. */
export function translate(lang, key, vars) {
  const dict = messages[lang] || messages[DEFAULT_LANG];
  let text = dict[key] ?? messages[DEFAULT_LANG][key] ?? key;
  if (vars) {
    text = text.replace(/\{(\w+)\}/g, (m, name) => (vars[name] != null ? String(vars[name]) : m));
  }
  return text;
}

/** A message for people from any error thrown by api.js. */
export function describeError(err, t) {
  if (err instanceof ApiError) {
    if (err.isNetworkError) return t('errors.network');
    if (err.detail) return err.detail; // the server's `detail` is written for people
    if (err.status === 429) {
      return err.retryAfter != null
        ? t('errors.rateLimited', { seconds: err.retryAfter })
        : t('errors.rateLimitedNoWait');
    }
    return t('errors.unexpected', { status: err.status });
  }
  return t('errors.unknown');
}

function initialLang() {
  try {
    const saved = window.localStorage.getItem(LANG_KEY);
    if (saved && messages[saved]) return saved;
  } catch {
    /* ignore */
  }
  return DEFAULT_LANG;
}

const I18nContext = createContext({
  lang: DEFAULT_LANG,
  setLang: () => {},
  toggleLang: () => {},
  t: (key, vars) => translate(DEFAULT_LANG, key, vars),
});

export function I18nProvider({ children }) {
  const [lang, setLangState] = useState(initialLang);

  useEffect(() => {
    document.documentElement.lang = lang;
    try {
      window.localStorage.setItem(LANG_KEY, lang);
    } catch {
      /* ignore */
    }
  }, [lang]);

  const setLang = useCallback((next) => {
    if (messages[next]) setLangState(next);
  }, []);
  const toggleLang = useCallback(() => setLangState((cur) => (cur === 'ko' ? 'en' : 'ko')), []);
  const t = useCallback((key, vars) => translate(lang, key, vars), [lang]);

  const value = useMemo(() => ({ lang, setLang, toggleLang, t }), [lang, setLang, toggleLang, t]);
  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n() {
  return useContext(I18nContext);
}
