#!/usr/bin/python3
"""Reference values of the dopant diffusion tests (closed forms and
quadrature of closed forms), with Fair's intrinsic diffusivities
(Plummer, Deal and Griffin 2000, Table 7-5) and ni from the same book.
Run with Debian's python3 (scipy): /usr/bin/python3 reference_values.py"""
import math
from scipy.special import erfc, erfcinv, erfcx
from scipy.integrate import quad
from scipy.optimize import brentq

k = 8.617333262e-5


def arr(d0, ea, T):
    return d0 * math.exp(-ea / (k * T))


def D(dopant, Tc):
    T = Tc + 273.15
    return {"B": arr(0.037, 3.46, T) + arr(0.72, 3.46, T),
            "P": arr(3.85, 3.66, T) + arr(4.44, 4.00, T) + arr(44.2, 4.37, T),
            "As": arr(0.066, 3.44, T) + arr(12.0, 4.05, T),
            "Sb": arr(0.214, 3.65, T) + arr(15.0, 4.08, T)}[dopant]


def ni(Tc):
    T = Tc + 273.15
    return 3.9e16 * T**1.5 * math.exp(-0.605 / (k * T))


print("ni(1000 C) =", ni(1000))

# predep_erfc_1d: B, 1000 C, 30 min, Cs 1e20, background 1e15
Dt = D("B", 1000) * 1800
print("predep: D =", D("B", 1000), " dose =", 2e20 * math.sqrt(Dt / math.pi),
      " xj [um] =", 2 * math.sqrt(Dt) * erfcinv(1e15 / 1e20) * 1e4)

# gaussian_inert_1d: As implant 1e15 cm^-2, Rp 0.1 um, dRp 0.02 um,
# 1050 C for 20 min, inert surface (image source), background 1e16 acceptor
Dg = D("As", 1050)
s2 = (0.02e-4)**2 + 2 * Dg * 1200   # variance in cm^2
print("gaussian: D =", Dg, " sigma^2 [um^2] =", s2 * 1e8)


def gauss(x_um):
    x = x_um * 1e-4
    return 1e15 / math.sqrt(2 * math.pi * s2) * (
        math.exp(-(x - 0.1e-4)**2 / (2 * s2)) +
        math.exp(-(x + 0.1e-4)**2 / (2 * s2)))


xj = brentq(lambda x: gauss(x) - 1e16, 0.1, 2.0)
print("gaussian: xj [um] =", xj, " surface =", gauss(0.0))

# predep_drive_in_1d: B predep 950 C 20 min (Cs 5e19) then 1100 C 30 min
# inert; exact: convolution of the erfc profile with the reflected heat
# kernel. Background 1e15 donor.
D1t1 = D("B", 950) * 1200
D2t2 = D("B", 1100) * 1800
dose = 2 * 5e19 * math.sqrt(D1t1 / math.pi)


def drive(x):  # x in cm
    g = lambda u: math.exp(-u * u / (4 * D2t2)) / math.sqrt(4 * math.pi * D2t2)
    f = lambda xi: 5e19 * erfc(xi / (2 * math.sqrt(D1t1))) * (g(x - xi) + g(x + xi))
    return quad(f, 0, 40 * math.sqrt(D1t1), limit=200)[0]


xj2 = brentq(lambda x: drive(x * 1e-4) - 1e15, 0.05, 3.0)
print("drive-in: dose =", dose, " surface =", drive(0.0), " xj [um] =", xj2)

# mass_transfer_1d: P, 1000 C, 30 min, J = h (C* - Cs), h = 3e-9 cm/s,
# C* = 1e19 (Carslaw and Jaeger, Conduction of Heat in Solids, 2.7)
Dm = D("P", 1000)
h = 3e-9
t = 1800
b = h * math.sqrt(t / Dm)
ex = erfcx(b)
print("mass transfer: D =", Dm, " beta =", b, " Cs =", 1e19 * (1 - ex),
      " dose =", 1e19 * Dm / h * (ex - 1 + 2 * b / math.sqrt(math.pi)))

# ramp_1d: As Gaussian (as above) under a ramp 950 -> 1150 C in 30 min;
# the profile depends only on int D dt.
I = quad(lambda tt: D("As", 950 + 200 * tt / 1800), 0, 1800)[0]
print("ramp: int D dt =", I, " D_eff over 30 min =", I / 1800)

s2r = (0.02e-4)**2 + 2 * I


def gauss_r(x_um):
    x = x_um * 1e-4
    return 1e15 / math.sqrt(2 * math.pi * s2r) * (
        math.exp(-(x - 0.1e-4)**2 / (2 * s2r)) +
        math.exp(-(x + 0.1e-4)**2 / (2 * s2r)))


print("ramp: sigma^2 [cm^2] =", s2r, " surface =", gauss_r(0.0),
      " xj [um] =", brentq(lambda x: gauss_r(x) - 1e16, 0.1, 3.0))
# the constant temperature with the same int D dt over 30 min
Teq = brentq(lambda Tc: D("As", Tc) * 1800 - I, 900, 1200)
print("ramp: equivalent dwell temperature [C] =", Teq)

# sheet resistance of the predep_erfc_1d profile: 1 / (q int_0^xj mu_p(N)
# (C - Nbg) dx), N = C + Nbg, Masetti's hole mobility (boron set, IEEE TED
# 30, 764 (1983)): mu_min1 exp(-Pc/N) + (mu_max - mu_min2)/(1 + (N/Cr)^a)
# - mu1/(1 + (Cs/N)^b)
def mu_holes(N):
    return (44.9 * math.exp(-9.23e16 / N) + (470.5 - 0.0) / (1 + (N / 2.23e17)**0.719)
            - 29.0 / (1 + (6.10e20 / N)**2.0))


Dt = D("B", 1000) * 1800
xj = 2 * math.sqrt(Dt) * erfcinv(1e15 / 1e20)
C = lambda x: 1e20 * erfc(x / (2 * math.sqrt(Dt)))
G = quad(lambda x: 1.602176634e-19 * mu_holes(C(x) + 1e15) * (C(x) - 1e15), 0, xj,
         limit=400, epsabs=0)[0]
print("sheet resistance of the erfc profile [ohm/sq] =", 1 / G)

# predep_intrinsic_arrhenius_1d: the same predeposition with the
# single-Arrhenius set, D = 1.0 exp(-3.5 eV / kT) (Plummer et al. Table 7-3)
Ds = arr(1.0, 3.5, 1273.15)
print("intrinsic-arrhenius: D =", Ds, " dose =", 2e20 * math.sqrt(Ds * 1800 / math.pi),
      " xj [um] =", 2 * math.sqrt(Ds * 1800) * erfcinv(1e15 / 1e20) * 1e4)


def mu_holes_ct(N):  # Caughey and Thomas, Proc. IEEE 55, 2192 (1967)
    return 47.7 + (495 - 47.7) / (1 + (N / 6.3e16)**0.76)


G = quad(lambda x: 1.602176634e-19 * mu_holes_ct(C(x) + 1e15) * (C(x) - 1e15), 0, xj,
         limit=400, epsabs=0)[0]
print("sheet resistance of the erfc profile, Caughey-Thomas [ohm/sq] =", 1 / G)

# solubility_table_predep_1d: B predeposition at 1000 C for 30 min at the
# solid solubility of the table 'table 900 1e20 1100 4e20' (ln C linear in
# T): Cs(1000 C) = 2e20, the erfc solution.
Cs = 2e20
Dt = D("B", 1000) * 1800
print("solubility predep: dose =", 2 * Cs * math.sqrt(Dt / math.pi),
      " xj [um] =", 2 * math.sqrt(Dt) * erfcinv(1e15 / Cs) * 1e4)


# solubility_ramp_1d: the same table during a ramp 900 -> 1100 C in 30 min.
# With tau = int D dt the surface value f is a known function of tau, and
# Duhamel's theorem gives the dose M = int_0^tau_e f(s) / sqrt(pi (tau_e - s)) ds.
def T_ramp(t):
    return 900 + 200 * t / 1800


def Cs_table(Tc):
    return math.exp(math.log(1e20) + (Tc - 900) / 200 *
                    (math.log(4e20) - math.log(1e20)))


def tau(t):
    return quad(lambda s: D("B", T_ramp(s)), 0, t, epsabs=0, epsrel=1e-13)[0]


tau_e = tau(1800)


def g(t):  # f D sqrt(te - t) / sqrt(tau_e - tau(t)), regular at t = te
    d = D("B", T_ramp(t))
    if 1800 - t < 1e-9:
        return Cs_table(T_ramp(t)) * math.sqrt(d)
    return Cs_table(T_ramp(t)) * d * math.sqrt((1800 - t) / (tau_e - tau(t)))


M = quad(g, 0, 1800, weight='alg', wvar=(0, -0.5), epsabs=0,
         epsrel=1e-10)[0] / math.sqrt(math.pi)
print("solubility ramp: int D dt =", tau_e, " dose =", M,
      " surface =", Cs_table(1100))

# solubility_builtin_predep_1d: B predeposition at 1010 C for 30 min at the
# built-in solid solubility of boron (Armigliato et al. 1977: 1.1922e20 at
# 1000 C and 1.3552e20 at 1025 C, ln C linear in T): the erfc solution.
Cs_b = math.exp(math.log(1.1922e20) +
                (1010 - 1000) / 25 * math.log(1.3552e20 / 1.1922e20))
Dt = D("B", 1010) * 1800
print("built-in solubility: Cs(1010 C) =", Cs_b, " D =", D("B", 1010),
      " dose =", 2 * Cs_b * math.sqrt(Dt / math.pi),
      " xj [um] =", 2 * math.sqrt(Dt) * erfcinv(1e15 / Cs_b) * 1e4)
