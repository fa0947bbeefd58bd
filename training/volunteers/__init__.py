"""The staff's and coaches' view of volunteers' training: the lists, one volunteer's progress
and the sign-off a track may need."""
