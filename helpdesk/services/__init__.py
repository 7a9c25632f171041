"""Operations of the service desk, one function per operation, used by every surface (API, admin)."""
