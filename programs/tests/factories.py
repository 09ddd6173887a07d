import factory

from programs.models import Agency, AgencyDistrict, District, Membership, Officer, Role, School
from sro_admin.models import User

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"District {n}")
    slug = factory.Sequence(lambda n: f"district-{n}")
    state = "OH"
    time_zone = "America/Chicago"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"School {n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.POLICE_DEPARTMENT


class AgencyDistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyDistrict

    agency = factory.SubFactory(AgencyFactory)
    district = factory.SubFactory(DistrictFactory)


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    agency = factory.SubFactory(AgencyFactory)
    first_name = "Casey"
    last_name = factory.Sequence(lambda n: f"Officer{n}")
    badge_number = factory.Sequence(lambda n: f"B-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.DISTRICT_ADMIN
