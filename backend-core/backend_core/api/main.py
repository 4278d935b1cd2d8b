"""Every router of backend-core, in one place."""

from fastapi import APIRouter

from backend_core.api.routes import auth, consent, invitations, jobs, resume, search, sessions, users, webhooks

api_router = APIRouter()
api_router.include_router(auth.router)
api_router.include_router(users.router)
api_router.include_router(consent.router)
api_router.include_router(sessions.router)
api_router.include_router(search.router)
api_router.include_router(jobs.router)
api_router.include_router(invitations.router)
api_router.include_router(webhooks.router)
api_router.include_router(resume.router)
