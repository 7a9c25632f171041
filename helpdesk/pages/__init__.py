"""Server-rendered service-desk portal (/portal/): end users' requests and the agents' queue."""
