"""The one drawing style every picture shares.

Sizes are in centimetres of the drawn person. A two-panel picture is about
400 cm wide, printed about 6 cm wide, so a 10 cm limb stroke prints near 1.5 mm:
thick enough to read in grey on a home printer.
"""

BACKGROUND = "#fff"
INK = "#1a1a1a"  # the body side nearer the viewer, the head and the trunk
FAR_INK = "#8f8f8f"  # the far side: paler so left and right can be told apart
PROP_INK = "#4d4d4d"
PROP_FILL = "#e3e3e3"
ARROW_INK = "#1f5fa8"  # blue on screen, a mid grey in print; thinner than any limb

TRUNK_WIDTH = 19.0
NECK_WIDTH = 9.0
THIGH_WIDTH = 12.5
SHIN_WIDTH = 10.5
FOOT_WIDTH = 8.0
UPPER_ARM_WIDTH = 9.5
FOREARM_WIDTH = 8.0
HALO = 1.5  # white edge round a limb in front of the body
FAR_SCALE = 0.85  # far limbs are a little thinner as well as paler

PROP_WIDTH = 4.0
FLOOR_WIDTH = 4.0
ARROW_WIDTH = 4.0
ARROW_HEAD = 10.0

MARGIN = 10.0  # white space round the drawing
PANEL_GAP = 46.0  # room between two panels for the "then" arrow
MIN_WIDTH = 220.0  # with MIN_HEIGHT: a person is drawn at much the same scale in every picture
MIN_HEIGHT = 110.0
STACK_RATIO = 1.8  # two panels each wider than this times their height stack one above the other
MIN_ASPECT = 1.2  # width / height kept in this range so handouts can lay pictures out alike
MAX_ASPECT = 3.0
