// A user plugin, built as its own shared library and loaded at run time
// through <Additional shared libraries>: the diffusivity D = a + b x.

#include <fluxion/materials/diffusivity_law.h>

namespace UserPlugins
{
  using namespace dealii;

  template <int dim>
  class LinearDiffusivity : public Fluxion::DiffusivityLaw<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm)
    {
      prm.declare_entry("a",
                        "1",
                        Patterns::Double(0),
                        "[length^2/s] D at x = 0.");
      prm.declare_entry("b", "0", Patterns::Double(), "[length/s] dD/dx.");
    }

    void
    parse_parameters(ParameterHandler &prm) override
    {
      a = prm.get_double("a");
      b = prm.get_double("b");
    }

    Fluxion::DiffusivityValue
    evaluate(const Point<dim> &p,
             const double,
             const double,
             const double) const override
    {
      return {a + b * p[0], 0.0};
    }

  private:
    double a = 1, b = 0;
  };

  FLUXION_REGISTER_PLUGIN(Fluxion::DiffusivityLaw,
                          LinearDiffusivity,
                          "user linear in x",
                          "A test plugin: D = a + b x.")
} // namespace UserPlugins
