"""Recruitment: the page where people apply to become a volunteer coordinator, and the staff's
pipeline of applications."""
