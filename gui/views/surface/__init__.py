"""The loss surface: each optimizer's path over the contours of the loss."""
