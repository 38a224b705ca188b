"""Geography: geocoding places, distances, and finding centers near a point."""
