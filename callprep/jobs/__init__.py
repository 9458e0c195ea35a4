"""Accept, then analyse: ingest stores and commits, analysis runs in jobs after the commit.

- ``work``: the job code (analyse a lead's pending interactions; glossary apply / backfill
  as stored jobs with progress), parking and replaying, what is pending
- ``runners``: inline (tests), worker thread (embedded default), the commit hook
  (``register_jobs``, ``submit_after_commit``, ``runner_of``) and the retry/park policy
- ``queue``: Dramatiq on Redis for `callprep worker` (only imported when configured)

Import from the modules: importing the package alone loads nothing heavy.
"""
