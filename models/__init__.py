"""The role classifier: training phrases, training, the shipped artifact, prediction."""
