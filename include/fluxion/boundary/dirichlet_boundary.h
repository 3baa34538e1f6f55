#ifndef fluxion_boundary_dirichlet_boundary_h
#define fluxion_boundary_dirichlet_boundary_h

#include <fluxion/boundary/interface.h>
#include <fluxion/core/parsed_expression.h>

namespace Fluxion
{
  /**
   * A prescribed concentration c = g(x, t), given as an expression.
   */
  template <int dim>
  class DirichletBoundary : public BoundaryCondition<dim>
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
      return value.is_constant();
    }

    bool
    depends_on_time() const override
    {
      return value.uses("t");
    }

    std::string
    data_parameters() const override
    {
      return "Concentration";
    }

  private:
    ParsedExpression<dim> value;
  };
} // namespace Fluxion

#endif
