#include <deal.II/base/exceptions.h>
#include <deal.II/base/utilities.h>

#include <fluxion/core/utilities.h>
#include <fluxion/physics/dopant/dopant_data.h>
#include <fluxion/physics/dopant/solid_solubility.h>

#include <cmath>

namespace Fluxion
{
  using namespace dealii;

  SolidSolubility::SolidSolubility(const std::string &text,
                                   const std::string &parameter)
  {
    const auto w   = Utilities::split_string_list(Utilities::trim(text), ' ');
    const auto bad = [&](const std::string &why) {
      AssertThrow(false,
                  ExcMessage("Parameter <" + parameter + ">: <" +
                             Utilities::trim(text) + "> " + why));
    };
    if (!w.empty() && w[0] == "table")
      {
        if (w.size() < 5 || (w.size() - 1) % 2 != 0)
          bad("must read 'table T1 C1 T2 C2 ...' with at least two "
              "temperatures (C) and solubilities (cm^-3).");
        for (unsigned int k = 1; k < w.size(); k += 2)
          {
            const double T = parse_double(w[k], parameter);
            const double c = parse_double(w[k + 1], parameter);
            if (!(c > 0))
              bad("has a solubility that is not positive.");
            if (!T_celsius.empty() && !(T > T_celsius.back()))
              bad("must list increasing temperatures.");
            T_celsius.push_back(T);
            log_c.push_back(std::log(c));
          }
      }
    else if (w.size() == 2)
      {
        prefactor  = parse_double(w[0], parameter);
        activation = parse_double(w[1], parameter);
        if (!(prefactor > 0))
          bad("needs a positive prefactor A (cm^-3).");
      }
    else
      bad("is neither 'A EA' (cm^-3, eV) nor 'table T1 C1 T2 C2 ...' "
          "(C, cm^-3).");
  }

  double
  SolidSolubility::value(const double T_kelvin) const
  {
    if (T_celsius.empty())
      return arrhenius(prefactor, activation, T_kelvin);
    const double T = T_kelvin - 273.15;
    unsigned int k = 0;
    while (k + 2 < T_celsius.size() && T > T_celsius[k + 1])
      ++k;
    const double s = (T - T_celsius[k]) / (T_celsius[k + 1] - T_celsius[k]);
    return std::exp(log_c[k] + s * (log_c[k + 1] - log_c[k]));
  }

  bool
  SolidSolubility::covers(const double T_kelvin) const
  {
    if (T_celsius.empty())
      return true;
    const double T = T_kelvin - 273.15;
    return T >= T_celsius.front() - 1e-9 && T <= T_celsius.back() + 1e-9;
  }

  std::string
  SolidSolubility::range() const
  {
    if (T_celsius.empty())
      return "all temperatures";
    return Utilities::to_string(T_celsius.front()) + " to " +
           Utilities::to_string(T_celsius.back()) + " C";
  }
} // namespace Fluxion
