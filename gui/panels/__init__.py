"""The settings panels: the solvers with their hyperparameters, and the model's options."""
