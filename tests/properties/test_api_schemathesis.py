"""Every operation of the open API, driven by schemathesis from /api/openapi.json with valid and
invalid input (hostile strings with NUL and control characters, huge numbers, wrong types): it never
answers 5xx. Requests go through the portal's WSGI handler, as a server would send them, against a
catalogue with innovations and a directory of advice."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tests.factories import OrganisationFactory, load_demo_advice, make_innovation

pytestmark = pytest.mark.slow

EXAMPLES_PER_OPERATION_AND_MODE = 60


@pytest.fixture
def api_schema(transactional_db):
    owner = OrganisationFactory(
        name="Northby City Council", organisation_type="local_authority", region="north_east"
    )
    for n in range(3):
        make_innovation(title=f"Housing hub {n}", stage="grow", themes=["evidence"], organisation=owner)
    load_demo_advice()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    schema.config.generation.update(allow_x00=True)
    return schema


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_no_input_makes_the_api_fail(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 4  # innovation search and detail, advice search, Open Referral
    without_invalid_input = []
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION_AND_MODE,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def never_a_server_error(case):
            response = case.call(headers={"Host": "testserver"})
            case.validate_response(response, checks=[not_a_server_error])

        try:
            never_a_server_error()
        except Unsatisfiable:
            # An operation whose every parameter accepts any string has no invalid input to make.
            assert mode == GenerationMode.NEGATIVE, operation.label
            without_invalid_input.append(operation.label)
    assert len(without_invalid_input) < len(operations)
