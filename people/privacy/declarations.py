"""people's and cms's entries in the register of personal data (people.privacy.registry)."""
