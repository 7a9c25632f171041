"""Public status pages of the Issue Tracker (no login): an account's status, an issue's history,
subscribe forms and an Atom feed. They read through `issues.selectors` and write through
`issues.services`, like the API."""
