"""The training app's views, a module per area: recruitment (the public form and the staff's
pipeline), learning (lessons, quizzes, reflections), portal (the volunteer's home and training
days), certificates, and volunteers (the staff's and coaches' overviews)."""
