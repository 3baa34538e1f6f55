#ifndef fluxion_physics_dopant_mobility_h
#define fluxion_physics_dopant_mobility_h

#include <string>

namespace Fluxion
{
  /**
   * Masetti's doping-dependent carrier mobility in silicon at 300 K
   * (G. Masetti, M. Severi and S. Solmi, IEEE Trans. Electron Devices 30,
   * 764 (1983)):
   *
   *   mu = mu_min1 exp(-Pc/N) + (mu_max - mu_min2) / (1 + (N/Cr)^alpha)
   *        - mu1 / (1 + (Cs/N)^beta),
   *
   * with N the total ionised doping in cm^-3 and mu in cm^2/(V s).
   */
  struct MasettiMobility
  {
    double mu_min1, mu_min2, mu1, Pc, Cr, Cs, alpha, beta, mu_max;

    double
    operator()(const double N) const;

    /// Electrons in phosphorus-doped silicon (Masetti et al., Table I).
    static MasettiMobility
    electrons_phosphorus();

    /// Electrons in arsenic-doped silicon (Masetti et al., Table I).
    static MasettiMobility
    electrons_arsenic();

    /// Holes in boron-doped silicon (Masetti et al., Table I).
    static MasettiMobility
    holes_boron();
  };
  /**
   * The Caughey-Thomas doping-dependent mobility in silicon at 300 K
   * (D. M. Caughey and R. E. Thomas, Proc. IEEE 55, 2192 (1967)):
   * mu = mu_min + (mu_max - mu_min) / (1 + (N/N_ref)^alpha), N in cm^-3,
   * mu in cm^2/(V s).
   */
  struct CaugheyThomasMobility
  {
    double mu_min, mu_max, N_ref, alpha;

    double
    operator()(const double N) const;

    /// Electrons: 92 + 1268 / (1 + (N / 1.3e17)^0.91).
    static CaugheyThomasMobility
    electrons();

    /// Holes: 47.7 + 447.3 / (1 + (N / 6.3e16)^0.76).
    static CaugheyThomasMobility
    holes();
  };
} // namespace Fluxion

#endif
