#ifndef fluxion_physics_dopant_solid_solubility_h
#define fluxion_physics_dopant_solid_solubility_h

#include <string>
#include <vector>

namespace Fluxion
{
  /**
   * Solid solubility of a dopant in silicon against temperature, given by
   * the user in one of two forms:
   *
   * - 'A EA': an Arrhenius law C(T) = A exp(-EA / kT), A in cm^-3 and EA in
   *   eV, valid at every temperature;
   * - 'table T1 C1 T2 C2 ...': values C_k in cm^-3 at temperatures T_k in
   *   degrees C (increasing), with ln C interpolated linearly in T between
   *   them (a retrograde curve is allowed). Only temperatures inside the
   *   table are accepted.
   */
  class SolidSolubility
  {
  public:
    /**
     * Parse @p text; errors name @p parameter.
     */
    SolidSolubility(const std::string &text, const std::string &parameter);

    /// The solubility in cm^-3 at the absolute temperature @p T_kelvin.
    double
    value(const double T_kelvin) const;

    /// Whether @p T_kelvin is inside the range of the data.
    bool
    covers(const double T_kelvin) const;

    /// The range of the data as text, e.g. '900 to 1200 C'.
    std::string
    range() const;

  private:
    double              prefactor  = 0;
    double              activation = 0;
    std::vector<double> T_celsius;
    std::vector<double> log_c;
  };
} // namespace Fluxion

#endif
