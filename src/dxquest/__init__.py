"""dxquest: data-attached case studies with instructor-free grading."""

__version__ = "0.1.0"
