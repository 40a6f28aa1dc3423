"""People who sign in: providers acting for their organisation, moderators and admins."""
