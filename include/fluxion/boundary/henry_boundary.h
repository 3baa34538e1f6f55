#ifndef fluxion_boundary_henry_boundary_h
#define fluxion_boundary_henry_boundary_h

#include <fluxion/boundary/interface.h>
#include <fluxion/core/parsed_expression.h>

namespace Fluxion
{
  /**
   * A surface in equilibrium with a gas: Henry's law gives the concentration c
   * = S p from the solubility S and the partial pressure p(x, t).
   */
  template <int dim>
  class HenryBoundary : public BoundaryCondition<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    bool
    is_essential() const override
    {
      return true;
    }

    double
    concentration(const Point<dim> &p, const double t) const override;

    bool
    is_uniform() const override
    {
      return pressure.is_constant();
    }

    bool
    depends_on_time() const override
    {
      return pressure.uses("t");
    }

    std::string
    data_parameters() const override
    {
      return "Solubility, Partial pressure";
    }

  private:
    double                solubility = 0;
    ParsedExpression<dim> pressure;
  };
} // namespace Fluxion

#endif
