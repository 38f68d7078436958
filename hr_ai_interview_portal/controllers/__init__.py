from . import main
from . import live
