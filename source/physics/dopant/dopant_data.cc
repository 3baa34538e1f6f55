#include <deal.II/base/exceptions.h>
#include <deal.II/base/utilities.h>

#include <fluxion/core/utilities.h>
#include <fluxion/physics/dopant/dopant_data.h>

#include <cmath>

namespace Fluxion
{
  namespace
  {
    // "Ga: acceptor, neutral 0.374 3.39, plus 0.1 3.5" -> DopantData
    DopantData
    parse_user_dopant(const std::string &entry, const std::string &parameter)
    {
      const std::string where = "Parameter <" + parameter + ">";
      const auto        colon = entry.find(':');
      AssertThrow(colon != std::string::npos,
                  dealii::ExcMessage(
                    where + ": <" + entry +
                    "> must read like 'Ga: acceptor, neutral 0.374 "
                    "3.39, plus 0.1 3.5'."));
      DopantData d;
      d.name   = dealii::Utilities::trim(entry.substr(0, colon));
      d.source = "user input";
      const auto parts =
        dealii::Utilities::split_string_list(entry.substr(colon + 1), ',');
      AssertThrow(
        !parts.empty() && (parts[0] == "donor" || parts[0] == "acceptor"),
        dealii::ExcMessage(where + ": dopant <" + d.name +
                           "> must start with 'donor' or 'acceptor'."));
      d.charge = parts[0] == "donor" ? 1 : -1;
      for (unsigned int i = 1; i < parts.size(); ++i)
        {
          auto words = dealii::Utilities::split_string_list(parts[i], ' ');
          if (words.size() == 4 && words[0] == "double" && words[1] == "minus")
            words = {"double minus", words[2], words[3]};
          AssertThrow(words.size() == 3,
                      dealii::ExcMessage(
                        where + ": <" + parts[i] +
                        "> must read like 'neutral D0 Ea' (D0 in "
                        "cm^2/s, Ea in eV)."));
          ArrheniusTerm term{parse_double(words[1], parameter),
                             parse_double(words[2], parameter)};
          AssertThrow(term.prefactor_cm2_s >= 0 && term.activation_eV >= 0,
                      dealii::ExcMessage(where + ": <" + parts[i] +
                                         "> must not be negative."));
          if (words[0] == "neutral")
            d.d_neutral = term;
          else if (words[0] == "plus" && d.charge < 0)
            d.d_plus = term;
          else if (words[0] == "minus" && d.charge > 0)
            d.d_minus = term;
          else if (words[0] == "double minus" && d.charge > 0)
            d.d_double_minus = term;
          else
            AssertThrow(false,
                        dealii::ExcMessage(
                          where + ": <" + words[0] +
                          "> is not a charge state of a " + parts[0] +
                          " (donors: neutral, minus, double minus; "
                          "acceptors: neutral, plus)."));
        }
      return d;
    }
  } // namespace

  double
  ArrheniusTerm::value(const double T_kelvin) const
  {
    if (prefactor_cm2_s == 0)
      return 0;
    return arrhenius(prefactor_cm2_s, activation_eV, T_kelvin);
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
    // Solid solubilities (T in C, C in cm^-3); sources in the header.
    static const std::string b_solubility =
      "table 800 3.4499e19 825 4.1291e19 850 4.9027e19 875 5.7777e19 "
      "900 6.7615e19 925 7.8610e19 950 9.0832e19 975 1.0435e20 "
      "1000 1.1922e20 1025 1.3552e20 1050 1.5331e20 1075 1.7263e20 "
      "1100 1.9356e20 1125 2.1613e20 1150 2.4041e20 1175 2.6643e20 "
      "1200 2.9423e20 1225 3.2387e20 1250 3.5536e20 1275 3.8876e20";
    // name, charge, D0, D+, D-, D= as {cm^2/s, eV}, source, segregation,
    // single-Arrhenius intrinsic D (Plummer, Deal and Griffin, Table 7-3),
    // solid solubility and its source
    static const std::vector<DopantData> data = {
      {"B",
       -1,
       {0.037, 3.46},
       {0.72, 3.46},
       {},
       {},
       fair,
       0.3,
       {1.0, 3.5},
       b_solubility,
       "Armigliato et al., Semiconductor Silicon 1977"},
      {"P",
       +1,
       {3.85, 3.66},
       {},
       {4.44, 4.00},
       {44.2, 4.37},
       fair,
       10,
       {4.70, 3.68},
       "table 850 2.7943e20 900 3.1585e20 1000 3.3981e20 1100 3.7943e20",
       "Nobili et al., J. Appl. Phys. 53 (1982)"},
      {"As",
       +1,
       {0.066, 3.44},
       {},
       {12.0, 4.05},
       {},
       fair,
       10,
       {9.17, 3.99},
       "table 800 1.1585e20 900 1.6310e20 1000 2.1413e20 1200 5.0e20",
       "Nobili et al., J. Electrochem. Soc. 130, 922 (1983)"},
      {"Sb",
       +1,
       {0.214, 3.65},
       {},
       {15.0, 4.08},
       {},
       fair,
       10,
       {4.58, 3.88},
       "table 800 2.3e19 900 3.0e19 1000 4.0e19 1100 4.8e19 1250 6.2e19",
       "Trumbore, Bell Syst. Tech. J. 39, 205 (1960)"}};
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

  std::vector<DopantData>
  parse_user_dopants(const std::string &list, const std::string &parameter)
  {
    std::vector<DopantData> user;
    for (const auto &entry : dealii::Utilities::split_string_list(list, ';'))
      {
        const DopantData d = parse_user_dopant(entry, parameter);
        // A user dopant under a built-in name would silently replace the
        // built-in data (and its segregation and solubility): refused.
        for (const auto &b : built_in_dopants())
          AssertThrow(d.name != b.name,
                      dealii::ExcMessage(
                        "Parameter <" + parameter + ">: the user dopant <" +
                        d.name + "> has the name of a built-in dopant (" +
                        built_in_dopant_names() +
                        "); give it another name, e.g. <" + d.name +
                        "_user>."));
        for (const auto &u : user)
          AssertThrow(d.name != u.name,
                      dealii::ExcMessage("Parameter <" + parameter +
                                         ">: the user dopant <" + d.name +
                                         "> is defined twice."));
        user.push_back(d);
      }
    return user;
  }

  double
  intrinsic_carrier_density(const double T_kelvin)
  {
    return 3.9e16 * std::pow(T_kelvin, 1.5) *
           std::exp(-0.605 / (boltzmann_eV * T_kelvin));
  }
} // namespace Fluxion
