#ifndef fluxion_physics_electrochemistry_homogeneous_reactions_h
#define fluxion_physics_electrochemistry_homogeneous_reactions_h

#include <deal.II/base/point.h>
#include <deal.II/lac/full_matrix.h>

#include <fluxion/core/parsed_expression.h>

#include <memory>
#include <string>
#include <vector>

namespace Fluxion
{
  /**
   * The homogeneous reaction rates R_i [mol/m^3/s] of the species of an
   * electrolyte, dc_i/dt + div J_i = R_i: one parsed expression per species
   * of x, y, z, t and the concentrations, named by the species (e.g.
   * '-k*A*B + kr*C' for A + B <-> C). A rate of "0" is no reaction.
   *
   * The derivatives dR_i/dc_j for Newton's Jacobian are central differences
   * of the expression with the step h_j = 1e-6 (|c_j| + 1e-3 max_k |c_k|)
   * (1e-12 mol/m^3 where all concentrations are zero), exact for rates
   * that are at most quadratic in each concentration.
   */
  template <int dim>
  class HomogeneousReactions
  {
  public:
    /**
     * Parse the rate of each species: @p rates[i] is the expression of
     * species @p names[i], held by the parameter @p parameters[i].
     */
    void
    initialize(const std::vector<std::string> &names,
               const std::vector<std::string> &rates,
               const std::vector<std::string> &parameters);

    /// Whether any species has a rate other than 0.
    bool
    active() const
    {
      return any;
    }

    /**
     * The rates @p R at the point @p p and time @p t for the
     * concentrations @p c and, if @p dR is not null, their derivatives
     * dR(i, j) = dR_i/dc_j.
     */
    void
    evaluate(const Point<dim>          &p,
             const double               t,
             const std::vector<double> &c,
             std::vector<double>       &R,
             FullMatrix<double>        *dR) const;

    /**
     * The index of the first species whose rate is not finite at @p p,
     * @p t and @p c, or the number of species if all are.
     */
    unsigned int
    first_not_finite(const Point<dim>          &p,
                     const double               t,
                     const std::vector<double> &c) const;

  private:
    std::vector<std::unique_ptr<ParsedExpression<dim>>> expressions;
    /// Which concentrations each expression uses.
    std::vector<std::vector<bool>> uses;
    bool                           any = false;
    mutable std::vector<double>    shifted;
  };
} // namespace Fluxion

#endif
