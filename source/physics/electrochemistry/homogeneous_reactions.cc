#include <deal.II/base/exceptions.h>

#include <fluxion/physics/electrochemistry/homogeneous_reactions.h>

#include <algorithm>
#include <cmath>

// Homogeneous reaction rates of the species: parsed expressions of the
// concentrations, with their derivatives by central differences.
namespace Fluxion
{
  template <int dim>
  void
  HomogeneousReactions<dim>::initialize(
    const std::vector<std::string> &names,
    const std::vector<std::string> &rates,
    const std::vector<std::string> &parameters)
  {
    const unsigned int S = names.size();
    expressions.clear();
    expressions.resize(S);
    uses.assign(S, std::vector<bool>(S, false));
    any = false;
    for (unsigned int s = 0; s < S; ++s)
      {
        if (rates[s] == "0")
          continue;
        // The species' names are variables beside x, y, z and t.
        for (const auto &reserved : {"x", "y", "z", "t", "pi", "e"})
          AssertThrow(std::find(names.begin(), names.end(), reserved) ==
                        names.end(),
                      ExcMessage("Parameter <" + parameters[s] +
                                 ">: a species is named <" + reserved +
                                 ">, which is a variable or constant of the "
                                 "expression; rename the species."));
        expressions[s] = std::make_unique<ParsedExpression<dim>>();
        expressions[s]->initialize(rates[s], parameters[s], names);
        for (unsigned int j = 0; j < S; ++j)
          uses[s][j] = expressions[s]->uses(names[j]);
        any = true;
      }
  }

  template <int dim>
  void
  HomogeneousReactions<dim>::evaluate(const Point<dim>          &p,
                                      const double               t,
                                      const std::vector<double> &c,
                                      std::vector<double>       &R,
                                      FullMatrix<double>        *dR) const
  {
    const unsigned int S = expressions.size();
    R.assign(S, 0.0);
    if (dR)
      dR->reinit(S, S);
    double largest = 0;
    for (const double v : c)
      largest = std::max(largest, std::abs(v));
    for (unsigned int s = 0; s < S; ++s)
      {
        if (!expressions[s])
          continue;
        R[s] = expressions[s]->value(p, t, c);
        if (!dR)
          continue;
        shifted = c;
        for (unsigned int j = 0; j < S; ++j)
          if (uses[s][j])
            {
              double h = 1e-6 * (std::abs(c[j]) + 1e-3 * largest);
              if (!(h > 0))
                h = 1e-12;
              shifted[j]           = c[j] + h;
              const double p_plus  = expressions[s]->value(p, t, shifted);
              shifted[j]           = c[j] - h;
              const double p_minus = expressions[s]->value(p, t, shifted);
              shifted[j]           = c[j];
              (*dR)(s, j)          = (p_plus - p_minus) / (2 * h);
            }
      }
  }

  template <int dim>
  unsigned int
  HomogeneousReactions<dim>::first_not_finite(
    const Point<dim>          &p,
    const double               t,
    const std::vector<double> &c) const
  {
    for (unsigned int s = 0; s < expressions.size(); ++s)
      if (expressions[s] && !std::isfinite(expressions[s]->value(p, t, c)))
        return s;
    return expressions.size();
  }

  template class HomogeneousReactions<1>;
  template class HomogeneousReactions<2>;
  template class HomogeneousReactions<3>;
} // namespace Fluxion
