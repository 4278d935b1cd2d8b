"""HTTP pieces the FastAPI services (backend-core, media-server) share: request context, errors, health.

Only importable where FastAPI is installed; the ai-worker never imports it.
"""
