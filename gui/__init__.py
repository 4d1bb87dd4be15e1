"""The Qt side of the lab, by job: the window on top; headless/, views/, persist/, panels/, data/, run/, look/."""
