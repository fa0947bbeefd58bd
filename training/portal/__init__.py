"""The volunteer portal's home: what it gathers from the learning, the training days and the
certificates."""
