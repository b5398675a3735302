"""The codes of each entry's packed facet options in one GIN-indexed array, generated from the facet
columns (portal.search.engine, Catalogue.options_column), so that browsing with options of two facets
or more chosen reads only the entries meeting all of them but one. Written out from
INNOVATION_CATALOGUE.options_sql(); a test checks the table's column holds what the configuration says."""

from django.db import migrations

OPTIONS = "array_remove(ARRAY[CASE WHEN stage = 'test' THEN 1 END, CASE WHEN stage = 'prove' THEN 2 END, CASE WHEN stage = 'grow' THEN 3 END, CASE WHEN stage = 'adopt' THEN 4 END, CASE WHEN evidence_level = 1 THEN 5 END, CASE WHEN evidence_level = 2 THEN 6 END, CASE WHEN evidence_level = 3 THEN 7 END, CASE WHEN evidence_level = 4 THEN 8 END, CASE WHEN evidence_level = 5 THEN 9 END, CASE WHEN (theme_bits & 1) <> 0 THEN 10 END, CASE WHEN (theme_bits & 2) <> 0 THEN 11 END, CASE WHEN (theme_bits & 4) <> 0 THEN 12 END, CASE WHEN (theme_bits & 8) <> 0 THEN 13 END, CASE WHEN (theme_bits & 16) <> 0 THEN 14 END, CASE WHEN (theme_bits & 32) <> 0 THEN 15 END, CASE WHEN (theme_bits & 64) <> 0 THEN 16 END, CASE WHEN (theme_bits & 128) <> 0 THEN 17 END, CASE WHEN (policy_bits & 1) <> 0 THEN 18 END, CASE WHEN (policy_bits & 2) <> 0 THEN 19 END, CASE WHEN (policy_bits & 4) <> 0 THEN 20 END, CASE WHEN (policy_bits & 8) <> 0 THEN 21 END, CASE WHEN (policy_bits & 16) <> 0 THEN 22 END, CASE WHEN (policy_bits & 32) <> 0 THEN 23 END, CASE WHEN (policy_bits & 64) <> 0 THEN 24 END, CASE WHEN (policy_bits & 128) <> 0 THEN 25 END, CASE WHEN (policy_bits & 256) <> 0 THEN 26 END, CASE WHEN (policy_bits & 512) <> 0 THEN 27 END, CASE WHEN (policy_bits & 1024) <> 0 THEN 28 END, CASE WHEN (policy_bits & 2048) <> 0 THEN 29 END, CASE WHEN (policy_bits & 4096) <> 0 THEN 30 END, CASE WHEN (policy_bits & 8192) <> 0 THEN 31 END, CASE WHEN (policy_bits & 16384) <> 0 THEN 32 END, CASE WHEN (policy_bits & 32768) <> 0 THEN 33 END, CASE WHEN (policy_bits & 65536) <> 0 THEN 34 END, CASE WHEN (policy_bits & 131072) <> 0 THEN 35 END, CASE WHEN (policy_bits & 262144) <> 0 THEN 36 END, CASE WHEN (policy_bits & 524288) <> 0 THEN 37 END, CASE WHEN (policy_bits & 1048576) <> 0 THEN 38 END, CASE WHEN (policy_bits & 2097152) <> 0 THEN 39 END, CASE WHEN (policy_bits & 4194304) <> 0 THEN 40 END, CASE WHEN (policy_bits & 8388608) <> 0 THEN 41 END, CASE WHEN organisation_type = 'central_government' THEN 42 END, CASE WHEN organisation_type = 'arms_length_body' THEN 43 END, CASE WHEN organisation_type = 'local_authority' THEN 44 END, CASE WHEN organisation_type = 'nhs' THEN 45 END, CASE WHEN organisation_type = 'police_fire' THEN 46 END, CASE WHEN organisation_type = 'education' THEN 47 END, CASE WHEN organisation_type = 'third_sector' THEN 48 END, CASE WHEN organisation_type = 'private_sector' THEN 49 END, CASE WHEN organisation_type = 'academia' THEN 50 END, CASE WHEN organisation_type = 'international' THEN 51 END, CASE WHEN region = 'north_east' THEN 52 END, CASE WHEN region = 'north_west' THEN 53 END, CASE WHEN region = 'yorkshire_humber' THEN 54 END, CASE WHEN region = 'east_midlands' THEN 55 END, CASE WHEN region = 'west_midlands' THEN 56 END, CASE WHEN region = 'east' THEN 57 END, CASE WHEN region = 'london' THEN 58 END, CASE WHEN region = 'south_east' THEN 59 END, CASE WHEN region = 'south_west' THEN 60 END, CASE WHEN region = 'scotland' THEN 61 END, CASE WHEN region = 'wales' THEN 62 END, CASE WHEN region = 'northern_ireland' THEN 63 END, CASE WHEN region = 'uk_wide' THEN 64 END, CASE WHEN region = 'international' THEN 65 END, CASE WHEN cost_band = 1 THEN 66 END, CASE WHEN cost_band = 2 THEN 67 END, CASE WHEN cost_band = 3 THEN 68 END, CASE WHEN cost_band = 4 THEN 69 END, CASE WHEN cost_band = 5 THEN 70 END, CASE WHEN (award_bits & 1) <> 0 THEN 71 END, CASE WHEN (award_bits & 2) <> 0 THEN 72 END, CASE WHEN (award_bits & 4) <> 0 THEN 73 END, CASE WHEN (adoption_count > 0) THEN 74 END], NULL)"


class Migration(migrations.Migration):
    # The index is built outside a transaction, so that a large catalogue stays writable meanwhile.
    atomic = False

    dependencies = [
        ("innovations", "0014_packed_groups"),
    ]

    operations = [
        migrations.RunSQL(
            f"ALTER TABLE innovations_catalogueentry ADD COLUMN options int[] GENERATED ALWAYS AS ({OPTIONS}) STORED",
            "ALTER TABLE innovations_catalogueentry DROP COLUMN options",
        ),
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY catalogue_options_gin ON innovations_catalogueentry USING gin (options)",
            "DROP INDEX IF EXISTS catalogue_options_gin",
        ),
    ]
