from django.contrib import admin

from programs.models import Agency, AgencyDistrict, District, Membership, Officer, School


class SchoolInline(admin.TabularInline):
    model = School
    extra = 0
    fields = ["name", "nces_id"]


class AgencyDistrictInline(admin.TabularInline):
    model = AgencyDistrict
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "nces_id", "time_zone"]
    search_fields = ["name", "nces_id"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SchoolInline, AgencyDistrictInline]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "nces_id"]
    list_filter = ["district"]
    list_select_related = ["district"]
    search_fields = ["name", "nces_id"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "badge_number", "agency", "user"]
    list_filter = ["agency"]
    list_select_related = ["agency", "user"]
    search_fields = ["last_name", "first_name", "badge_number"]
    autocomplete_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "district", "school", "agency"]
    list_filter = ["role"]
    list_select_related = ["user", "district", "school", "agency"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user", "district", "school", "agency"]
