#ifndef fluxion_physics_dopant_junction_h
#define fluxion_physics_dopant_junction_h

#include <optional>
#include <vector>

namespace Fluxion
{
  /**
   * A junction between two samples of a line: it lies between the samples
   * index - 1 and index, at the fraction @p fraction of the way.
   */
  struct SignChange
  {
    unsigned int index    = 0;
    double       fraction = 0;
  };

  /**
   * The net doping N_bg + sum_i z_i C_i at each sample of a line, from the
   * concentrations @p profiles[i][k] (cm^-3) of the dopants with charges
   * @p charges (+1 donor, -1 acceptor) and the signed @p background.
   */
  std::vector<double>
  net_doping(const std::vector<std::vector<double>> &profiles,
             const std::vector<int>                 &charges,
             const double                            background);

  /**
   * The first metallurgical junction along the samples @p net of the net
   * doping, from the sample @p start on: where the net doping, opposite in
   * sign to the @p background at @p start, reaches the background's sign
   * (or zero), interpolated linearly between two samples. None when the
   * net doping at @p start already has the background's sign or never
   * changes sign.
   */
  std::optional<SignChange>
  first_junction(const std::vector<double> &net,
                 const double               background,
                 const unsigned int         start);
} // namespace Fluxion

#endif
