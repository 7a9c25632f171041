"""`make bench`: the reads of issue 18 at N rows per table, side by side with a bare DRF floor.

seed.py (and loader.py) fill a dedicated PostgreSQL database, settings.py/urls.py/floor.py/middleware.py
are what the bench server adds to the project, driver.py measures over HTTP, run.py runs it all.
"""
