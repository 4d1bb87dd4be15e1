"""The geometry of QR: the vectors in the plane, the projection y = ŷ + r, and R with ‖QᵀQ − I‖."""
