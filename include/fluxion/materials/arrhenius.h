#ifndef fluxion_materials_arrhenius_h
#define fluxion_materials_arrhenius_h

#include <cmath>

namespace Fluxion
{
  /// Boltzmann's constant in eV/K (CODATA 2018, exact).
  constexpr double boltzmann_eV = 8.617333262e-5;

  /**
   * The Arrhenius law A exp(-Ea / (k_B T)) with the activation energy
   * @p activation_eV in eV and the absolute temperature @p T_kelvin. The
   * diffusivity law "arrhenius", the dopant data (diffusivities, segregation
   * transport, solid solubility) and the oxide terms all use it.
   */
  inline double
  arrhenius(const double prefactor,
            const double activation_eV,
            const double T_kelvin)
  {
    return prefactor * std::exp(-activation_eV / (boltzmann_eV * T_kelvin));
  }
} // namespace Fluxion

#endif
