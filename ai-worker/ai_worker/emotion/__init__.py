"""Facial-emotion analysis of interview video frames: decode, find the face, classify seven emotions."""
