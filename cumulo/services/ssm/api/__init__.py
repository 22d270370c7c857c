"""SSM handlers, split by resource noun; every public function here is an operation's handler."""

from cumulo.services.ssm.api.parameters import *  # noqa: F403
from cumulo.services.ssm.api.tags import *  # noqa: F403
from cumulo.services.ssm.api.documents import *  # noqa: F403
from cumulo.services.ssm.api.automation import *  # noqa: F403
from cumulo.services.ssm.api.commands import *  # noqa: F403
from cumulo.services.ssm.api.instances import *  # noqa: F403
from cumulo.services.ssm.api.maintenance import *  # noqa: F403
from cumulo.services.ssm.api.associations import *  # noqa: F403
from cumulo.services.ssm.api.patch import *  # noqa: F403
from cumulo.services.ssm.api.opsitems import *  # noqa: F403
from cumulo.services.ssm.api.inventory import *  # noqa: F403
from cumulo.services.ssm.api.sessions import *  # noqa: F403
from cumulo.services.ssm.api.settings import *  # noqa: F403

# An operation whose model does not declare InvalidNextToken refuses a bad token
# with ValidationException, as AWS's validation layer does.
from cumulo.services.ssm.api import _tokens  # noqa: E402

_tokens.wrap(globals())
