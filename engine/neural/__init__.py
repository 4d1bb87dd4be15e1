"""Least squares inside neural networks (issue 7): pure numpy, no framework, no Qt.

- fit: a one-hidden-layer network fitted to a curve three ways (trained by backpropagation,
  solved in closed form on random features, hybrid variable projection), as Step generators;
- features: Gaussian or orthogonal random hidden layers;
- init_study: a deep stack at init (norms per layer, the end-to-end Jacobian's singular values);
- orthogonal_layers / qr_grad / layer_training: QRLinear (backprop through QR), Cayley, Householder,
  penalty and spectral normalisation, trained against an unconstrained layer;
- rnn: the gradient of a linear RNN back through time.
"""

from .data import CURVES, CurveData, make_curve
from .experiments import (
    feature_spread,
    fit_comparison,
    init_comparison,
    layers_comparison,
    rnn_comparison,
    solved_vs_trained,
)
from .features import FEATURE_KINDS, haar_orthogonal, random_directions, random_hidden
from .fit import (
    FITS,
    OUTPUT_SOLVERS,
    fit,
    initial_network,
    network_from_result,
    output_problem,
    run_hybrid,
    run_solved,
    run_trained,
    solve_output,
)
from .init_study import INITS, StackStudy, init_study, init_weights, study_stack
from .layer_training import TARGETS, layer_loss, regression_task, run_layer_training
from .network import ACTIVATIONS, Network, flatten, unflatten
from .optimizers import OPTIMIZERS, Optimizer
from .orthogonal_layers import (
    LAYER_KINDS,
    CayleyLayer,
    HouseholderLayer,
    Layer,
    PenaltyLayer,
    QRLinear,
    SpectralLayer,
    make_layer,
    orthogonality_error,
)
from .qr_grad import copyltu, qr_backward, qr_positive
from .rnn import RECURRENCES, RnnGradients, recurrent_matrix, rnn_gradients, rnn_study

__all__ = [
    "ACTIVATIONS", "CURVES", "FEATURE_KINDS", "FITS", "INITS", "LAYER_KINDS", "OPTIMIZERS", "OUTPUT_SOLVERS",
    "RECURRENCES", "TARGETS", "CayleyLayer", "CurveData", "HouseholderLayer", "Layer", "Network", "Optimizer",
    "PenaltyLayer", "QRLinear", "RnnGradients", "SpectralLayer", "StackStudy", "copyltu", "feature_spread", "fit",
    "fit_comparison", "flatten", "haar_orthogonal", "init_comparison", "init_study", "init_weights",
    "initial_network", "layer_loss", "layers_comparison", "make_curve", "make_layer", "network_from_result",
    "orthogonality_error", "output_problem", "qr_backward", "qr_positive", "random_directions", "random_hidden",
    "recurrent_matrix", "regression_task", "rnn_comparison", "rnn_gradients", "rnn_study", "run_hybrid",
    "run_layer_training", "run_solved", "run_trained", "solve_output", "solved_vs_trained", "study_stack",
    "unflatten",
]
