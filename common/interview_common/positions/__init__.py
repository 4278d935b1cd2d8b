"""Position families and their question bank: what the ai-worker's planner asks from, and what
backend-core validates a job's family and competencies against (one definition for both)."""
