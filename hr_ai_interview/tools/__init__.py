"""Pure-Python helpers (no ORM): token hashing, media sniffing, result schema, report maths."""
