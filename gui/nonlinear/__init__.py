"""The nonlinear fit window (issue 17): a model or a typed formula fitted by Gauss-Newton,
Levenberg-Marquardt and the gradient methods racing in a worker thread, with the NIST nonlinear
problems and their certified digits. `NonlinearLab` (lab.py) is the state its views follow."""
