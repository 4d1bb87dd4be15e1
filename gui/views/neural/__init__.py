"""The Neural networks view: least squares inside small networks, its five experiments and their worker."""
