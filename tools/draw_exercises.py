"""Hand-set stick-figure illustrations for the Runback exercise library.

Every pose is written out below as joint angles / targets; nothing is traced.
Run: python3 tools/draw_exercises.py src/runback/content/exercises/svg
"""

import math
import sys
from pathlib import Path

W, H = 320, 200
FLOOR = 182  # floor line y
MAT_T = 6  # mat thickness
G = FLOOR - MAT_T  # top of the mat
LW = 10  # limb stroke width
TW = 16  # torso stroke width
HR = 11  # head radius
NECK = 15  # shoulder centre -> head centre
L_T, L_UA, L_FA, L_TH, L_SH, L_FT = 50, 26, 24, 40, 38, 13

COL = {
    "body": "#3f4e63",
    "far": "#8592a6",
    "acc": "#c2410c",
    "accfar": "#d9733f",
    "floor": "#64748b",
    "mat": "#dde5ee",
    "matline": "#9aa8ba",
    "equip": "#334155",
    "equiplight": "#e2e8f0",
}


def d(a):
    r = math.radians(a)
    return math.cos(r), math.sin(r)


def mv(p, a, n):
    c, s = d(a)
    return (p[0] + n * c, p[1] + n * s)


def ang(p, q):
    return math.degrees(math.atan2(q[1] - p[1], q[0] - p[0]))


def ik(base, target, l1, l2, bend):
    """Two-bone IK. bend=+1/-1 picks the side of the middle joint."""
    dx, dy = target[0] - base[0], target[1] - base[1]
    dist = math.hypot(dx, dy)
    dist = min(max(dist, abs(l1 - l2) + 0.01), l1 + l2 - 0.01)
    a = math.acos((l1 * l1 + dist * dist - l2 * l2) / (2 * l1 * dist))
    th = math.atan2(dy, dx) + bend * a
    return (base[0] + l1 * math.cos(th), base[1] + l1 * math.sin(th))


def f(x):
    return f"{x:.1f}".rstrip("0").rstrip(".")


class Pic:
    def __init__(self):
        self.items = []

    def line(self, p, q, col, w=LW):
        self.items.append(
            f'<line x1="{f(p[0])}" y1="{f(p[1])}" x2="{f(q[0])}" y2="{f(q[1])}" '
            f'stroke="{COL.get(col, col)}" stroke-width="{w}"/>'
        )

    def poly(self, pts, col, w=LW):
        s = " ".join(f"{f(x)},{f(y)}" for x, y in pts)
        self.items.append(
            f'<polyline points="{s}" fill="none" stroke="{COL.get(col, col)}" '
            f'stroke-width="{w}" stroke-linejoin="round"/>'
        )

    def curve(self, p, c, q, col, w=TW):
        self.items.append(
            f'<path d="M{f(p[0])} {f(p[1])} Q{f(c[0])} {f(c[1])} {f(q[0])} {f(q[1])}" '
            f'fill="none" stroke="{COL.get(col, col)}" stroke-width="{w}"/>'
        )

    def circle(self, c, r, col, outline=False):
        extra = ' stroke="#ffffff" stroke-width="3"' if outline else ' stroke="none"'
        self.items.append(
            f'<circle cx="{f(c[0])}" cy="{f(c[1])}" r="{f(r)}" fill="{COL.get(col, col)}"{extra}/>'
        )

    def rect(self, x, y, w, h, fill, stroke=None, sw=2, rx=3):
        s = (
            f' stroke="{COL.get(stroke, stroke)}" stroke-width="{sw}"'
            if stroke
            else ' stroke="none"'
        )
        self.items.append(
            f'<rect x="{f(x)}" y="{f(y)}" width="{f(w)}" height="{f(h)}" rx="{f(rx)}" '
            f'fill="{COL.get(fill, fill)}"{s}/>'
        )

    # scenery -------------------------------------------------------------
    def floor(self, x0=14, x1=306):
        self.line((x0, FLOOR + 1.5), (x1, FLOOR + 1.5), "floor", 3)

    def mat(self, x0, x1):
        self.rect(x0, G, x1 - x0, MAT_T, "mat", "matline", 1.5, 2)

    def dumbbell(self, c, vertical=False):
        x, y = c
        if vertical:
            self.line((x, y - 11), (x, y + 11), "equip", 4)
            for yy in (y - 13, y + 13):
                self.rect(x - 9, yy - 3.5, 18, 7, "equip", rx=2)
        else:
            self.line((x - 11, y), (x + 11, y), "equip", 4)
            for xx in (x - 13, x + 13):
                self.rect(xx - 3.5, y - 9, 7, 18, "equip", rx=2)

    def svg(self):
        body = "\n  ".join(self.items)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" '
            f'width="{W}" height="{H}">\n'
            f'  <g stroke-linecap="round" fill="none">\n  {body}\n  </g>\n</svg>\n'
        )


class Fig:
    """Side-view figure. Angles are screen degrees: 0 right, 90 down, -90 up."""

    def __init__(self, hip, torso, head=None, curve=0.0):
        self.hip = hip
        self.torso = torso
        self.sh = mv(hip, torso, L_T)
        self.curve = curve  # + bulges to the left of hip->shoulder direction
        self.head_a = torso if head is None else head
        self.limbs = []  # (layer, points, colour)
        self.extra_sh = None

    def arm(self, a1=None, a2=None, hand=None, bend=1, far=False, acc=False, base=None):
        s = base or self.sh
        if hand is not None:
            e = ik(s, hand, L_UA, L_FA, bend)
            h = hand
        else:
            e = mv(s, a1, L_UA)
            h = mv(e, a2, L_FA)
        self._add([s, e, h], far, acc)
        return h

    def leg(self, a1=None, a2=None, foot=None, ankle=None, bend=1, far=False, acc=False, base=None):
        hp = base or self.hip
        if ankle is not None:
            k = ik(hp, ankle, L_TH, L_SH, bend)
            an = ankle
        else:
            k = mv(hp, a1, L_TH)
            an = mv(k, a2, L_SH)
        pts = [hp, k, an]
        if foot is not None:
            pts.append(mv(an, foot, L_FT))
        self._add(pts, far, acc)
        return pts

    def _add(self, pts, far, acc):
        col = ("accfar" if far else "acc") if acc else ("far" if far else "body")
        self.limbs.append((0 if far else 2, pts, col))

    def draw(self, pic, torso_acc=False, under=None, over=None, mid=None):
        for layer, pts, col in self.limbs:
            if layer == 0:
                pic.poly(pts, col)
        if mid:
            mid(pic)
        tcol = "acc" if torso_acc else "body"
        hx, hy = self.hip
        sx, sy = self.sh
        mx, my = (hx + sx) / 2, (hy + sy) / 2
        nx, ny = -(sy - hy) / L_T, (sx - hx) / L_T  # left normal
        ctrl = (mx + nx * self.curve * 2, my + ny * self.curve * 2)
        pic.curve(self.hip, ctrl, self.sh, tcol)
        head = mv(self.sh, self.head_a, NECK)
        pic.circle(head, HR, tcol if False else "body")
        if under:
            under(pic)
        for layer, pts, col in self.limbs:
            if layer == 2:
                pic.poly(pts, col)
        if over:
            over(pic)
        return head


# ---------------------------------------------------------------------------
# poses
# ---------------------------------------------------------------------------


def quadruped(curve=0.0, head=None, torso_acc=False, bird=False, accent_bird=False):
    """All fours on a mat, facing right."""
    p = Pic()
    p.floor()
    p.mat(40, 280)
    hip = (146, G - LW / 2 - L_TH)
    hand_y = G - LW / 2
    # torso angle so that straight arms reach the mat under the shoulder
    ta = -math.degrees(math.asin((hip[1] - (hand_y - L_UA - L_FA)) / L_T))
    fg = Fig(hip, ta, head=head, curve=curve)
    sx, _sy = fg.sh
    (hip[0], hand_y)
    # far side first
    if bird:
        fg.arm(-4, -4, far=True, acc=accent_bird)
        fg.leg(90, 180, foot=176, far=True)
        fg.arm(hand=(sx, hand_y), bend=-1)
        fg.leg(182, 180, foot=100, acc=accent_bird)
    else:
        fg.arm(hand=(sx + 3, hand_y), bend=-1, far=True, acc=accent_bird)
        fg.leg(90, 180, foot=176, far=True, base=(hip[0] + 4, hip[1]))
        fg.arm(hand=(sx, hand_y), bend=-1)
        fg.leg(90, 180, foot=176, acc=accent_bird)
    fg.draw(p, torso_acc=torso_acc)
    return p


def supine_base(p, x0=34, x1=286):
    p.floor()
    p.mat(x0, x1)


SUP_HIP = (172, G - TW / 2)
SUP_SH = (SUP_HIP[0] - L_T, SUP_HIP[1])


def supine_fig(hip=SUP_HIP, torso=180, head=None):
    return Fig(hip, torso, head=head if head is not None else 190)


def cat_cow(end):
    if not end:
        return quadruped(curve=-11, head=48, torso_acc=True)
    return quadruped(curve=7, head=-22, torso_acc=True)


def knee_to_chest(end):
    p = Pic()
    supine_base(p)
    fg = supine_fig()
    ank = (222, G - 5)
    fg.leg(ankle=ank, foot=-8, bend=-1, far=True)
    if not end:
        fg.limbs.append((2, [fg.sh, (fg.sh[0] + 46, G - 6)], "body"))
        fg.leg(ankle=(ank[0] + 2, ank[1]), foot=-8, bend=-1, acc=True)
    else:
        pts = fg.leg(-124, 40, foot=-10, acc=True)
        knee = pts[1]
        grip = (knee[0] + 2, knee[1] - 5)
        fg.arm(hand=grip, bend=-1)
    fg.draw(p)
    return p


def dead_bug(end):
    p = Pic()
    supine_base(p)
    fg = supine_fig()
    # far arm (accent, moves), far leg stays
    if not end:
        fg.arm(-88, -88, far=True, acc=True)
    else:
        fg.arm(184, 184, far=True, acc=True)
    fg.leg(-88, 0, foot=-70, far=True, base=(SUP_HIP[0] + 3, SUP_HIP[1]))
    fg.arm(-92, -92)
    if not end:
        fg.leg(-92, 2, foot=-70, acc=True)
    else:
        fg.leg(-7, -7, foot=-60, acc=True)
    fg.draw(p)
    return p


def glute_bridge(end):
    p = Pic()
    supine_base(p)
    ank = (219, G - 5)
    if not end:
        fg = supine_fig()
    else:
        sh = SUP_SH
        t = -21
        hip = mv(sh, t, L_T)
        fg = Fig(hip, 180 + t, head=190)
        fg.sh = sh
    fg.leg(ankle=(ank[0] - 2, ank[1]), foot=-6, bend=-1, far=True)
    fg.limbs.append((2, [fg.sh, (fg.sh[0] + 48, G - 5.5)], "body"))
    fg.leg(ankle=ank, foot=-6, bend=-1, acc=True)
    fg.draw(p, torso_acc=True)
    return p


def bird_dog(end):
    return quadruped(bird=end, accent_bird=True)


def back_extension(end):
    p = Pic()
    p.floor()
    p.mat(30, 290)
    hip = (138, G - TW / 2)
    t = -17 if end else 0
    fg = Fig(hip, t, head=(t + 2) if end else 4)
    # legs stay on the mat, toes pointing back
    fg.leg(180, 180, foot=170, far=True, base=(hip[0], hip[1] + 1))
    fg.leg(180, 180, foot=170)
    # arms along the sides, palms up, hands by the hips
    if end:
        fg.arm(t + 180 - 8, t + 180 - 6, acc=True)
    else:
        fg.limbs.append((2, [fg.sh, (fg.sh[0] - 52, G - 5)], "acc"))
    fg.draw(p, torso_acc=True)
    return p


STAND_ANKLE_Y = FLOOR - 7


def foot_line(p, heel_x, col="body"):
    p.line((heel_x, FLOOR - 5), (heel_x + 16, FLOOR - 5), col)


def romanian_deadlift(end):
    p = Pic()
    p.floor()
    ank = (150, STAND_ANKLE_Y)
    if not end:
        knee = mv(ank, -92, L_SH)
        hip = mv(knee, -88, L_TH)
        fg = Fig(hip, -89, head=-88)
        arm1, arm2 = 84, 82
    else:
        knee = mv(ank, -84, L_SH)
        hip = mv(knee, -128, L_TH)
        fg = Fig(hip, -13, head=-15)
        arm1, arm2 = 97, 97
    fg.leg(ankle=ank, bend=-1, far=True, base=(hip[0] + 2, hip[1]))
    fg.arm(arm1, arm2, far=True)
    fg.leg(ankle=ank, bend=-1, acc=False)
    # make the near knee exactly the designed knee
    fg.limbs[-1] = (2, [hip, knee, ank], "body")
    hand = fg.arm(arm1, arm2)

    def under(pc):
        foot_line(pc, ank[0] - 3, "far")

    def over(pc):
        foot_line(pc, ank[0] - 3)
        pc.dumbbell(hand)

    fg.draw(p, torso_acc=True, under=under, over=over)
    return p


def split_squat(end):
    p = Pic()
    p.floor()
    front_ank = (196, STAND_ANKLE_Y)
    back_toe = (96, FLOOR - 5)
    back_ank = (106, FLOOR - 16)
    hip = (150, 110) if not end else (150, 138)
    fg = Fig(hip, -88, head=-88)
    # back leg (far)
    bpts = fg.leg(ankle=back_ank, bend=-1, far=True)
    fg.limbs[-1] = (0, [*bpts, back_toe], "far")
    # arms hanging by the sides
    fg.arm(87, 84, far=True)
    fg.leg(ankle=front_ank, bend=-1, acc=True)
    fg.arm(88, 84)

    def over(pc):
        pc.line((front_ank[0] - 3, FLOOR - 5), (front_ank[0] + 13, FLOOR - 5), "acc")

    fg.draw(p, over=over)
    return p


# --- top view (seen from above) --------------------------------------------


def top_ground(p, x0=24, y0=22, x1=296, y1=184):
    p.rect(x0, y0, x1 - x0, y1 - y0, "mat", "matline", 1.5, 10)


def book_opener(end):
    """Lying on the left side, seen from above. Head left, chest facing down."""
    p = Pic()
    top_ground(p, 40, 14, 280, 186)
    p.rect(70, 88, 40, 26, "#ffffff", "matline", 1.5, 8)  # pillow
    hip = (170, 102)
    fg = Fig(hip, 180, head=180)
    sh = fg.sh
    # bottom leg and arm (far), hips and knees at 90 degrees
    fg.leg(88, 2, foot=0, far=True, base=(hip[0] + 3, hip[1]))
    fg.arm(88, 88, far=True, base=(sh[0] + 2, sh[1]))
    fg.leg(90, 0, foot=0)
    if not end:
        fg.arm(92, 92, acc=True, base=(sh[0] - 1, sh[1]))
    else:
        top_sh = (sh[0] + 1, sh[1] - 12)
        fg.limbs.append((2, [sh, top_sh], "body"))
        fg.arm(-96, -94, acc=True, base=top_sh)
    fg.draw(p)
    return p


def pallof_press(end):
    """Standing, seen from the front-left (3/4 view); anchor at the runner's left."""
    p = Pic()
    p.floor()
    phi = math.radians(-42)
    ox = 118

    def P(x, y, z):
        return (ox + x * math.sin(phi) - z * math.cos(phi), FLOOR - 5 - y)

    def depth(x, z):
        return x * math.cos(phi) + z * math.sin(phi)

    ank_y, knee_y, hip_y, sh_y = 2, 40, 80, 128
    parts = []
    for side in (1, -1):  # +1 right (far), -1 left (near)
        far = side == 1
        hip = (0, hip_y, 9 * side)
        knee = (1, knee_y, 11 * side)
        ank = (0, ank_y, 12 * side)
        toe = (12, 0, 13 * side)
        parts.append((depth(0, 12 * side), "poly", [hip, knee, ank, toe], "far" if far else "body"))
    hands = (14, 114, 0) if not end else (50, 116, 0)
    for side in (1, -1):
        far = side == 1
        sh = (0, sh_y, 19 * side)
        hand = (hands[0], hands[1], 3 * side)
        if not end:
            elbow = (-2, 104, 24 * side)
        else:
            elbow = ((sh[0] + hand[0]) / 2, (sh[1] + hand[1]) / 2 + 1, (sh[2] + hand[2]) / 2)
        colour = "accfar" if far else "acc"
        parts.append((depth(20, 19 * side) + 1, "poly", [sh, elbow, hand], colour))
    parts.sort(key=lambda t: t[0])
    anchor = (0, hands[1] + 2, -112)
    ax, ay = P(*anchor)
    # post and anchor
    p.line((ax, FLOOR), (ax, ay - 40), "equip", 6)
    p.line((ax - 14, FLOOR - 1), (ax + 14, FLOOR - 1), "equip", 6)
    far_parts = [t for t in parts if t[0] < 0]
    near_parts = [t for t in parts if t[0] >= 0]
    for _, _, pts, col in far_parts:
        if col.startswith("acc"):
            continue
        p.poly([P(*q) for q in pts], col)
    # pelvis, trunk, shoulders, head
    p.line(P(0, hip_y, 9), P(0, hip_y, -9), "body", TW)
    p.line(P(0, hip_y, 0), P(0, sh_y, 0), "body", TW)
    p.line(P(0, sh_y, 19), P(0, sh_y, -19), "body", TW)
    p.circle(P(0, sh_y + 17, 0), HR, "body")
    for _, _, pts, col in far_parts:
        if col.startswith("acc"):
            p.poly([P(*q) for q in pts], col)
    for _, _, pts, col in near_parts:
        p.poly([P(*q) for q in pts], col)
    hx, hy = P(*hands)
    p.line((ax, ay), (hx, hy), "equip", 4)
    p.rect(hx - 6, hy - 6, 12, 12, "equip", rx=3)
    p.circle((ax, ay), 5, "equip")
    return p


# --- front view of side lying (clamshell) -----------------------------------


def clamshell(end):
    """Lying on the left side, seen from the front. Head left."""
    p = Pic()
    p.floor()
    p.mat(30, 290)
    low = G - LW / 2  # centre line of limbs resting on the mat
    ty = G - 17  # trunk centre line (hips stacked)
    hip = (170, ty)
    sh = (118, ty)
    # bottom arm under the head, reaching overhead
    p.poly([(sh[0], low), (78, low), (52, low)], "far")
    # bottom leg resting on the mat, knees bent forward (towards us)
    knee_lo = (204, low)
    foot_lo = (238, low - 6)
    p.poly([(hip[0], ty + 8), knee_lo, foot_lo], "far")
    # trunk and head (head resting on the lower arm)
    p.line(hip, sh, "body", TW)
    p.circle((sh[0] - 17, low - HR - 1), HR, "body")
    # top arm: resting along the side, hand on the hip
    p.poly([(sh[0] + 2, ty - 7), (140, ty - 12), (160, ty - 9)], "body")
    # top leg: feet stay together, the knee opens
    top_hip = (hip[0], ty - 9)
    knee_hi = (204, low - 10) if not end else (192, low - 46)
    p.poly([top_hip, knee_hi, (foot_lo[0], low - 15)], "acc")
    return p


POSES = {
    "cat_cow": cat_cow,
    "knee_to_chest": knee_to_chest,
    "book_opener": book_opener,
    "romanian_deadlift": romanian_deadlift,
    "split_squat": split_squat,
    "back_extension": back_extension,
    "dead_bug": dead_bug,
    "pallof_press": pallof_press,
    "glute_bridge": glute_bridge,
    "clamshell": clamshell,
    "bird_dog": bird_dog,
}

if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    only = sys.argv[2:] or list(POSES)
    for name in only:
        for end in (False, True):
            pic = POSES[name](end)
            (out / f"{name}-{'end' if end else 'start'}.svg").write_text(pic.svg())
