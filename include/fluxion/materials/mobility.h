#ifndef fluxion_materials_mobility_h
#define fluxion_materials_mobility_h

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
} // namespace Fluxion

#endif
