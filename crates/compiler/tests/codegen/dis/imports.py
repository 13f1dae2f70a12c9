import os
import os.path
import os.path as osp
from . import x
from ..a.b import c as d, e
from m import *
