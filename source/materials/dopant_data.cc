#include <fluxion/materials/dopant_data.h>

#include <cmath>

namespace Fluxion
{
  double
  ArrheniusTerm::value(const double T_kelvin) const
  {
    if (prefactor_cm2_s == 0)
      return 0;
    return prefactor_cm2_s *
           std::exp(-activation_eV / (boltzmann_eV * T_kelvin));
  }

  double
  DopantData::diffusivity(const double T_kelvin, const double e) const
  {
    if (charge > 0)
      return d_neutral.value(T_kelvin) + d_minus.value(T_kelvin) * e +
             d_double_minus.value(T_kelvin) * e * e;
    return d_neutral.value(T_kelvin) + d_plus.value(T_kelvin) / e;
  }

  double
  DopantData::diffusivity_derivative(const double T_kelvin,
                                     const double e) const
  {
    if (charge > 0)
      return d_minus.value(T_kelvin) + 2 * d_double_minus.value(T_kelvin) * e;
    return -d_plus.value(T_kelvin) / (e * e);
  }

  double
  DopantData::intrinsic_diffusivity(const double T_kelvin) const
  {
    return d_neutral.value(T_kelvin) + d_plus.value(T_kelvin) +
           d_minus.value(T_kelvin) + d_double_minus.value(T_kelvin);
  }

  const std::vector<DopantData> &
  built_in_dopants()
  {
    static const std::string fair =
      "Fair (1981), as tabulated in Plummer, Deal and Griffin, Silicon VLSI "
      "Technology (2000), Table 7-5";
    // name, charge, D0, D+, D-, D= as {cm^2/s, eV}, source, segregation,
    // single-Arrhenius intrinsic D (Plummer, Deal and Griffin, Table 7-3)
    static const std::vector<DopantData> data = {
      {"B", -1, {0.037, 3.46}, {0.72, 3.46}, {}, {}, fair, 0.3, {1.0, 3.5}},
      {"P",
       +1,
       {3.85, 3.66},
       {},
       {4.44, 4.00},
       {44.2, 4.37},
       fair,
       10,
       {4.70, 3.68}},
      {"As", +1, {0.066, 3.44}, {}, {12.0, 4.05}, {}, fair, 10, {9.17, 3.99}},
      {"Sb", +1, {0.214, 3.65}, {}, {15.0, 4.08}, {}, fair, 10, {4.58, 3.88}}};
    return data;
  }

  std::string
  built_in_dopant_names()
  {
    std::string s;
    for (const auto &d : built_in_dopants())
      s += (s.empty() ? "" : ", ") + d.name;
    return s;
  }

  double
  intrinsic_carrier_density(const double T_kelvin)
  {
    return 3.9e16 * std::pow(T_kelvin, 1.5) *
           std::exp(-0.605 / (boltzmann_eV * T_kelvin));
  }
} // namespace Fluxion
