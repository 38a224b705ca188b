"""Reviews: the rules a review must meet (rules), writing one (authoring), what others do with it (reactions),
reading them (queries), moderation, one-time visit codes, and the rating aggregates on the center row (ratings)."""
