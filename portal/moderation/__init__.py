"""What every moderated kind of contribution shares (innovations, adoption stories, and next mentor
applications and award nominations): the status values and the moves between them, an abstract
moderated model with its QuerySet, emails sent once the change is committed, the admin mixin and the
task-list sections. It never imports a feature app."""
