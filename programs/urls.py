from programs.url_parts import (
    community,
    enrollment,
    heads,
    officers,
    program,
    selection,
    tenants,
    training,
)

# Each noun's pages keep their own list (programs/url_parts/).
urlpatterns = (
    tenants.urlpatterns
    + officers.urlpatterns
    + training.urlpatterns
    + enrollment.urlpatterns
    + selection.urlpatterns
    + program.urlpatterns
    + community.urlpatterns
    + heads.urlpatterns
)
