#ifndef fluxion_physics_electrochemistry_constants_h
#define fluxion_physics_electrochemistry_constants_h

#include <cmath>
#include <vector>

namespace Fluxion
{
  /**
   * Physical constants of electrochemistry (CODATA 2018, exact in SI) and
   * the two scales of an electrolyte.
   */
  namespace Electrochemistry
  {
    /// Faraday's constant [C/mol].
    constexpr double faraday = 96485.33212;
    /// The molar gas constant [J/(mol K)].
    constexpr double gas_constant = 8.314462618;
    /// The vacuum permittivity [F/m].
    constexpr double vacuum_permittivity = 8.8541878128e-12;

    /**
     * The thermal voltage RT/F [V] at temperature @p T [K].
     */
    inline double
    thermal_voltage(const double T)
    {
      return gas_constant * T / faraday;
    }

    /**
     * The Debye length [m] of an electrolyte with charge numbers @p z and
     * concentrations @p c [mol/m^3] at temperature @p T [K] and relative
     * permittivity @p eps_r: sqrt(eps0 eps_r R T / (F^2 sum z_i^2 c_i)).
     */
    inline double
    debye_length(const std::vector<double> &z,
                 const std::vector<double> &c,
                 const double               T,
                 const double               eps_r)
    {
      double ionic = 0;
      for (unsigned int i = 0; i < z.size(); ++i)
        ionic += z[i] * z[i] * c[i];
      return std::sqrt(vacuum_permittivity * eps_r * gas_constant * T /
                       (faraday * faraday * ionic));
    }
  } // namespace Electrochemistry
} // namespace Fluxion

#endif
