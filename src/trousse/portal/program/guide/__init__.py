"""The guide and the launch path: chapters, stages, their checklists and the program's progress (issue #6 §1)."""
