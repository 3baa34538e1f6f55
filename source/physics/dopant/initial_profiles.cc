#include <fluxion/core/utilities.h>
#include <fluxion/physics/dopant/dopant_diffusion.h>
#include <fluxion/physics/dopant/initial_profiles.h>

#include <cmath>

namespace Fluxion
{
  template <int dim>
  InitialProfiles<dim>::InitialProfiles(
    const DopantDiffusion<dim>     &physics,
    const std::vector<std::string> &profiles,
    const std::vector<std::string> &names,
    const double                    length_unit_cm,
    const double                    start_time)
    : Function<dim>(profiles.size())
    , physics(physics)
    , kinds(profiles.size())
    , parameters(profiles.size())
    , expressions(profiles.size())
    , length_unit_cm(length_unit_cm)
    , start_time(start_time)
  {
    for (unsigned int i = 0; i < profiles.size(); ++i)
      {
        const std::string parameter = "Initial profiles/" + names[i];
        const auto words = Utilities::split_string_list(profiles[i], ' ');
        AssertThrow(!words.empty(),
                    ExcMessage("Parameter <" + parameter + "> is empty."));
        kinds[i]           = words[0];
        const auto numbers = [&](const unsigned int n) {
          AssertThrow(words.size() == n + 1,
                      ExcMessage("Parameter <" + parameter + ">: <" +
                                 profiles[i] + "> needs " + std::to_string(n) +
                                 " number(s)."));
          for (unsigned int k = 1; k <= n; ++k)
            {
              parameters[i].push_back(parse_double(words[k], parameter));
              AssertThrow(parameters[i].back() >= 0,
                          ExcMessage("Parameter <" + parameter + ">: <" +
                                     words[k] + "> must not be negative."));
            }
        };
        if (kinds[i] == "none")
          numbers(0);
        else if (kinds[i] == "uniform")
          numbers(1);
        else if (kinds[i] == "implant")
          {
            numbers(3);
            AssertThrow(parameters[i][2] > 0,
                        ExcMessage("Parameter <" + parameter +
                                   ">: the straggle must be positive."));
          }
        else if (kinds[i] == "surface")
          {
            AssertThrow(words.size() == 3 && words[1] == "dose",
                        ExcMessage("Parameter <" + parameter +
                                   ">: write 'surface dose DOSE'."));
            parameters[i] = {parse_double(words[2], parameter)};
            AssertThrow(parameters[i][0] >= 0,
                        ExcMessage("Parameter <" + parameter +
                                   ">: the dose must not be negative."));
          }
        else if (kinds[i] == "function")
          {
            expressions[i] = std::make_unique<ParsedExpression<dim>>();
            expressions[i]->initialize(profiles[i].substr(8),
                                       parameter,
                                       {"depth"});
          }
        else
          AssertThrow(false,
                      ExcMessage(
                        "Parameter <" + parameter + ">: <" + kinds[i] +
                        "> is not a profile. Use none, uniform C, implant "
                        "DOSE RP DRP, surface dose DOSE or function EXPR."));
      }
  }

  template <int dim>
  double
  InitialProfiles<dim>::value(const Point<dim> &p, const unsigned int i) const
  {
    const double d = physics.depth(p);
    if (kinds[i] == "uniform")
      return parameters[i][0];
    if (kinds[i] == "implant")
      {
        // dose [cm^-2], Rp and dRp [um] -> a Gaussian in cm^-3
        const double um = 1e-4 / length_unit_cm; // um in length units
        const double rp = parameters[i][1] * um, drp = parameters[i][2] * um;
        return parameters[i][0] /
               (std::sqrt(2 * M_PI) * parameters[i][2] * 1e-4) *
               std::exp(-(d - rp) * (d - rp) / (2 * drp * drp));
      }
    if (kinds[i] == "function")
      return expressions[i]->value(p, start_time, {d});
    return 0;
  }

  template class InitialProfiles<1>;
  template class InitialProfiles<2>;
  template class InitialProfiles<3>;
} // namespace Fluxion
